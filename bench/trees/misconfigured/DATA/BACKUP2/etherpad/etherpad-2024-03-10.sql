-- etherpad database dump
CREATE TABLE store (key varchar(100) NOT NULL, value longtext NOT NULL);
